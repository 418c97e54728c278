"""Retrievers: anything that maps queries to top-k passages."""
