"""Shared infrastructure of the safecase gRPC services."""
