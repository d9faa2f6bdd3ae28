"""Moving a blog in and out: readers of other engines' formats produce `sources`, the
`writer` imports them one post per transaction, `export` writes our own format."""
