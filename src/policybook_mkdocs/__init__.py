"""The MkDocs front end's programs (the hooks themselves live in the handbook's `hooks/` folder).

Unlike `policybook`, the engine, this package imports MkDocs.
"""
