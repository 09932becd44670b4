"""The review web page at /review: server-rendered HTML and one small script, no front-end build.

Every change it makes goes through the public API (PATCH /v1/events/{id}, ...) with the
session cookie and CSRF token of app/keys/sessions.py, so it lands in the history like any other.
"""
