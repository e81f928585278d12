// The console's entry point: mounts the app on #app.
import { render } from "preact";

import { App } from "./app";
import "./styles.css";

const root = document.getElementById("app");
if (root) render(<App />, root);
