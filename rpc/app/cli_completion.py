"""``jidocode completion bash|zsh|fish``: shell completion for commands, methods and params.

The script printed is click's; when the shell asks, click runs ``jidocode`` with
``_JIDOCODE_COMPLETE`` set and these callbacks complete method names (from the committed
schema) and ``--param`` names of the method already typed.
"""

from __future__ import annotations

import os
from typing import Any

import click
from click.shell_completion import CompletionItem, get_completion_class

from rpc.app.cli_rpc_schema import methods

COMPLETE_VAR = "_JIDOCODE_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def complete_method(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Method names starting with what was typed (or whose action does)."""
    from rpc.app.cli_help import first_sentence

    out = []
    for name, method in sorted(methods().items()):
        if name.startswith(incomplete) or name.split(".", 1)[-1].startswith(incomplete):
            out.append(CompletionItem(name, help=first_sentence(method.get("description", ""))))
    return out


def complete_param(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """``name=`` for each param of the method on the line that is not given yet."""
    known = methods()
    method = known.get(ctx.params.get("method_name") or "")
    if method is None:
        # With the option's value still missing, click's resilient parse leaves the
        # method unset; the words on the command line still name it.
        words = os.environ.get("COMP_WORDS", "").split()
        method = next((known[w] for w in words if w in known), None)
    if method is None:
        return []
    given = {pair.partition("=")[0] for pair in ctx.params.get("pairs") or ()}
    out = []
    for p in method["params"]:
        name = p["name"]
        if name in given or not name.startswith(incomplete.partition("=")[0]):
            continue
        if "=" in incomplete:
            continue
        out.append(CompletionItem(f"{name}=", help=p.get("description")))
    return out


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL.

    \b
    bash:  eval "$(jidocode completion bash)"        (in ~/.bashrc)
    zsh:   eval "$(jidocode completion zsh)"         (in ~/.zshrc)
    fish:  jidocode completion fish > ~/.config/fish/completions/jidocode.fish
    """
    main = click.get_current_context().find_root().command
    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - the choice lists only shells click knows
        raise click.UsageError(f"no completion for {shell}")
    click.echo(cls(main, {}, "jidocode", COMPLETE_VAR).source())
