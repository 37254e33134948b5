"""safecase plugin for an Australian national sporting organisation under the NIF.

NIF: the National Integrity Framework of Sport Integrity Australia. Provides rule set
``au-nso-nif@1`` (see ``rule_set.yaml`` and the README).
"""
