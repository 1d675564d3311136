"""Encrypted storage: the vault (SQLCipher + key slots), ORM, repositories, audit, backups.

The only package that imports sqlalchemy, sqlcipher3, keyring, argon2 and alembic.
"""
