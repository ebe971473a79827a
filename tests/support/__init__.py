"""Helpers the test files share (conftest.py holds the fixtures): builds, pages, the theme's environment."""
