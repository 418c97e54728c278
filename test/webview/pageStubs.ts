// What VS Code provides to a real webview, stood in for in the harness page: `acquireVsCodeApi`
// (recording posted messages, keeping state in sessionStorage so it survives a reload like VS Code's
// does) and the Dark Modern theme variables VS Code sets on <html>.

/** Globals the stubs define in the page, for typed reads through `globalThis` in page functions. */
export interface PageGlobals {
  __posted: unknown[];
  __cspViolations: { directive: string; blocked: string; sample: string }[];
  __pwned?: unknown;
  __inlineRan?: unknown;
  postMessage(message: unknown, targetOrigin: string): void;
  /** Posts a JSON message and resolves with the ms until `selector` matches (polled per frame). */
  __sendAndTime(json: string, selector: string): Promise<number>;
}

export const vscodeApiStub = `
window.__posted = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});
window.__sendAndTime = (json, selector) => {
  const message = JSON.parse(json);
  const started = performance.now();
  window.postMessage(message, '*');
  return new Promise((resolve) => {
    const poll = () => {
      if (document.querySelector(selector) !== null) resolve(performance.now() - started);
      else requestAnimationFrame(poll);
    };
    poll();
  });
};
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return Object.freeze({
    postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); },
    getState: () => {
      const saved = sessionStorage.getItem('vscode-state');
      return saved === null ? undefined : JSON.parse(saved);
    },
    setState: (state) => { sessionStorage.setItem('vscode-state', JSON.stringify(state)); return state; },
  });
};
`;

export type ThemeName = 'dark' | 'light';

const darkThemeCss = `
html {
  --vscode-font-family: system-ui, 'Ubuntu', 'Droid Sans', sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: 'Droid Sans Mono', 'monospace', monospace;
  --vscode-editor-background: #1f1f1f;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-errorForeground: #f85149;
  --vscode-focusBorder: #0078d4;
  --vscode-panel-border: #2b2b2b;
  --vscode-sideBar-background: #181818;
  --vscode-sideBarSectionHeader-background: #181818;
  --vscode-list-hoverBackground: #2a2d2e;
  --vscode-list-activeSelectionBackground: #04395e;
  --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-list-focusOutline: #0078d4;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-testing-iconPassed: #73c991;
  --vscode-charts-green: #89d185;
  --vscode-charts-blue: #3794ff;
  --vscode-charts-purple: #b180d7;
  --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #cca700;
  --vscode-charts-red: #f14c4c;
  --vscode-testing-iconFailed: #f14c4c;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-inputValidation-warningBackground: #352a05;
  --vscode-checkbox-background: #313131;
  --vscode-checkbox-border: #3c3c3c;
  --vscode-checkbox-foreground: #cccccc;
  --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc;
  --vscode-input-border: #3c3c3c;
  --vscode-input-placeholderForeground: #989898;
  --vscode-dropdown-background: #313131;
  --vscode-dropdown-foreground: #cccccc;
  --vscode-dropdown-border: #3c3c3c;
  color-scheme: dark;
}
`;

/** The Light Modern values of the variables the inspector reads. */
const lightThemeCss = `
html {
  --vscode-font-family: system-ui, 'Ubuntu', 'Droid Sans', sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: 'Droid Sans Mono', 'monospace', monospace;
  --vscode-editor-background: #ffffff;
  --vscode-foreground: #3b3b3b;
  --vscode-descriptionForeground: #3b3b3b;
  --vscode-errorForeground: #f85149;
  --vscode-focusBorder: #005fb8;
  --vscode-panel-border: #e5e5e5;
  --vscode-sideBar-background: #f8f8f8;
  --vscode-sideBarSectionHeader-background: #f8f8f8;
  --vscode-sideBarTitle-foreground: #3b3b3b;
  --vscode-icon-foreground: #3b3b3b;
  --vscode-list-hoverBackground: #f2f2f2;
  --vscode-list-activeSelectionBackground: #e8e8e8;
  --vscode-list-activeSelectionForeground: #000000;
  --vscode-list-inactiveSelectionBackground: #e4e6f1;
  --vscode-list-focusOutline: #005fb8;
  --vscode-button-background: #005fb8;
  --vscode-button-foreground: #ffffff;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b;
  --vscode-textLink-foreground: #005fb8;
  --vscode-textCodeBlock-background: #f2f2f2;
  --vscode-testing-iconPassed: #388a34;
  --vscode-testing-iconFailed: #f14c4c;
  --vscode-charts-green: #388a34;
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-purple: #652d90;
  --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #bf8803;
  --vscode-charts-red: #e51400;
  --vscode-editorWarning-foreground: #bf8803;
  --vscode-inputValidation-warningBackground: #f6f5d2;
  --vscode-checkbox-background: #f8f8f8;
  --vscode-checkbox-border: #cecece;
  --vscode-checkbox-foreground: #3b3b3b;
  --vscode-input-background: #ffffff;
  --vscode-input-foreground: #3b3b3b;
  --vscode-input-border: #cecece;
  --vscode-input-placeholderForeground: #767676;
  --vscode-dropdown-background: #ffffff;
  --vscode-dropdown-foreground: #3b3b3b;
  --vscode-dropdown-border: #cecece;
  color-scheme: light;
}
`;

export const themeCss: Record<ThemeName, string> = { dark: darkThemeCss, light: lightThemeCss };
