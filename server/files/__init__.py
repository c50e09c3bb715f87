"""Uploaded files: checked by content, stored by content hash, served only to those allowed."""
