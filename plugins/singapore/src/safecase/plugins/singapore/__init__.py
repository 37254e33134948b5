"""safecase plugin for a Singapore member organisation under the Unified Code for Safe Sport.

Provides rule set ``sg-safesport-mo@1`` (see ``rule_set.yaml`` and the README).
"""
