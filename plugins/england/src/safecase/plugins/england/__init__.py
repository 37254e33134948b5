"""safecase plugin for an English national governing body following the NSPCC CPSU model.

Provides rule set ``eng-ngb-cpsu@1`` (see ``rule_set.yaml`` and the README).
"""
