"""The embedded stack of an organisation instance: NATS, intake, hearings and their relays.

``safecase up`` / ``safecase token`` / ``safecase stack-demo``; it is the one place that knows
every service, so the services themselves stay independent of each other.
"""
