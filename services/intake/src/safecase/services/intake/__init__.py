"""The intake service: owns the case context and its lifecycle over gRPC."""
