"""HTTP caching of reader pages: validators from the content stamp, 304s, a page cache."""
