"""Twilio wireless: one subpackage per API version. Generated; do not edit."""
