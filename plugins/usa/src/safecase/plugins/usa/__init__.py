"""safecase plugin for a US national governing body under the SafeSport Code.

Provides rule set ``us-ngb-safesport@1`` (see ``rule_set.yaml`` and the README).
"""
