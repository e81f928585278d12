"""``jidocode codegen`` and ``jidocode inventory``: the schema file and what derives from it.

Heavy imports (the registry, the generators) happen inside the commands, so the rest of
the CLI starts fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click


@click.command("codegen")
@click.option(
    "--check", is_flag=True, help="Write nothing; fail (and print the diff) on any difference."
)
def codegen(check: bool) -> None:
    """Regenerate the OpenRPC document and both clients from the registry.

    Targets: codegen/openrpc.json, codegen/typescript/src/generated/{types,client}.ts,
    codegen/python/{models,client}.py. The TypeScript types need `npm ci` in
    codegen/typescript first.
    """
    from codegen import generate
    from codegen.python_gen import GeneratorError as PyGeneratorError
    from codegen.typescript_gen import GeneratorError as TsGeneratorError
    from rpc import openrpc
    from rpc.app.domains import default_registry

    started = time.perf_counter()
    document = openrpc.build_document(default_registry())
    try:
        fresh = generate.generate(document)
    except (TsGeneratorError, PyGeneratorError) as exc:
        raise click.ClickException(str(exc)) from exc
    elapsed = time.perf_counter() - started
    root = generate.CODEGEN_DIR.parent
    if check:
        stale = list(generate.differences(fresh, root))
        for difference in stale:
            sys.stdout.write(difference.diff)
        if stale:
            names = ", ".join(str(d.path.relative_to(root)) for d in stale)
            raise click.ClickException(f"out of date: {names}; run `jidocode codegen`")
        click.echo(f"{len(fresh)} generated files are current ({elapsed:.1f}s)")
        return
    written = generate.write(fresh)
    for path in written:
        click.echo(f"wrote {path.relative_to(root)}")
    click.echo(f"{len(written)} of {len(fresh)} files changed; generated in {elapsed:.1f}s")


@click.group("inventory")
def inventory() -> None:
    """The method inventory: required methods and schema compatibility."""


@inventory.command("show")
@click.option("--strict", is_flag=True, help="Exit 1 when a required method is missing.")
def inventory_show(strict: bool) -> None:
    """Per action group, each method DOMAIN.md requires: present or missing."""
    from rpc import inventory as inv
    from rpc.app.domains import default_registry
    from rpc.inventory_required import coverage

    report = coverage(default_registry())
    for group in report:
        click.echo(f"{int(group.group)}. {group.title}  ({group.present_count}/{group.total})")
        for name, present in group.methods:
            click.echo(f"   {'present' if present else 'MISSING'}  {name}")
        for name in group.extra:
            click.echo(f"   extra    {name}")
    missing = sum(g.total - g.present_count for g in report)
    click.echo(f"inventory version {inv.INVENTORY_VERSION}; {missing} required method(s) missing")
    if strict and missing:
        sys.exit(1)


@inventory.command("check")
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The document to compare with (default: the committed codegen/openrpc.json).",
)
def inventory_check(against: Path | None) -> None:
    """Compare the live registry with a committed document and classify each change.

    Exit status: 0 no change; 1 drift (regenerate with `jidocode codegen`); 3 a breaking
    change without a bump of the inventory version (info.version).
    """
    import orjson

    from codegen.generate import DOCUMENT
    from rpc import inventory_check
    from rpc.app.domains import default_registry

    path = against or DOCUMENT
    committed = orjson.loads(path.read_bytes())
    result = inventory_check.check(default_registry(), committed)
    for line in result.lines():
        click.echo(line)
    sys.exit(result.exit_code)
