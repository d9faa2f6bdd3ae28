"""What readers see: views per page family, listings, archives, feeds, sitemaps, search
queries, share previews and the answers at former addresses."""
