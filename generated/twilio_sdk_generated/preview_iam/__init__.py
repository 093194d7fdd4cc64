"""Twilio preview_iam: one subpackage per API version. Generated; do not edit."""
