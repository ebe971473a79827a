"""Pelican glue: settings, the reader, content classes and generators made from the content types."""
