"""Renderings: Markdown for the site, computed from the handbook index.

Front ends (the MkDocs hooks today) place these strings; they never compute them. Links between
pages are relative `.md` links so the site generator validates and rewrites them.
"""
