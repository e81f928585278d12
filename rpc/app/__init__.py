"""The composition root: the fixed list of domains, the runtime built from them, the
server and worker processes, and the command line.

It is the only code that imports domains; nothing imports it (DESIGN §2).
"""
