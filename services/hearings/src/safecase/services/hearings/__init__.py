"""The hearings service: panels, hearings, decisions, sanctions, appeals and the sanction registry.

It owns the hearing context (DESIGN.md "Data ownership"): its own tables, fed by the intake
service's referral events and answering with decision, sanction and appeal events.
"""
