"""The searchr2/1 protocol: events on stdout, commands on stdin, one JSON object a line.

The schema file beside this module is the single source of truth, shared with the
editor (which generates its TypeScript types from it).
"""

PROTOCOL_VERSION = "searchr2/1"
# "label": `train --protocol stdio` reads human labels (a LabelInbox); the editor sends
# labels only to a trainer whose hello lists it, and keeps them for one that does.
# "regenerate": a recent rollout is regenerated from step k between steps (searchr2.regenerate).
CAPABILITIES = ["stop", "pause", "resume", "save_checkpoint", "label", "regenerate"]
