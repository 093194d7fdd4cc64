"""Twilio frontline_api: one subpackage per API version. Generated; do not edit."""
