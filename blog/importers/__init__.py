"""Moving a blog in and out: Pelican folders, WordPress exports, and our own Markdown export."""
