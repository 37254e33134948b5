"""safecase plugin for a Scottish governing body of sport using the CMSS.

Provides rule set ``scot-sgb-cmss@1`` (see ``rule_set.yaml`` and the README).
"""
