"""Thin views: resolve objects through the user, call a service or selector, render."""
