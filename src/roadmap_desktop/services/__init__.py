"""Use cases, one function per user action; Qt-free, each one transaction."""
