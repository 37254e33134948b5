"""The advisory service of a support service (like Scotland's CMSS): the Case Advisory Group.

It receives only shares that organisations sealed to it with consent, allocates them to members
by expertise and without conflicts of interest, collects the members' advice into one answer,
and deletes a share and destroys its key when the organisation revokes it.
"""
