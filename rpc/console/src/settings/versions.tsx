// Settings, versions: the server's inventory (schema) version against the one this console
// was built for, the server package and PostgreSQL.
import { INVENTORY_VERSION } from "@jidocode/rpc-client";
import type { JSX } from "preact";

import { client } from "../api";
import { Section, useData } from "../forms";

export function Version(): JSX.Element {
  const version = useData(() => client.system.version());
  return (
    <section class="card" data-testid="settings-version">
      <h2>Versions</h2>
      <Section data={version}>
        {(v) => (
          <div
            data-testid="schema-version"
            data-inventory-version={v.inventory_version}
            data-package-version={v.package_version}
          >
            <table>
              <tbody>
                <tr>
                  <th>Inventory (schema) version</th>
                  <td>
                    {v.inventory_version}
                    {v.inventory_version !== INVENTORY_VERSION && (
                      <span class="warn">
                        {" "}
                        — this console was built for {INVENTORY_VERSION}; reload the page, or rebuild it
                      </span>
                    )}
                  </td>
                </tr>
                <tr>
                  <th>Console built for inventory</th>
                  <td>{INVENTORY_VERSION}</td>
                </tr>
                <tr>
                  <th>Server package</th>
                  <td class="mono">{v.package_version}</td>
                </tr>
                <tr>
                  <th>PostgreSQL</th>
                  <td class="mono">{v.postgres_version}</td>
                </tr>
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </section>
  );
}
