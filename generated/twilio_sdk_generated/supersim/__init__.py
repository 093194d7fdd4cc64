"""Twilio supersim: one subpackage per API version. Generated; do not edit."""
