// The only module that talks to the extension host. UI code sends typed messages and subscribes to
// typed ones here; it never sees `acquireVsCodeApi`, raw `postMessage` or unvalidated events.
import { isHostToWebview, type HostToWebview, type WebviewToHost } from '../../src/protocol/webviewMessages';
import { parseViewState, type ViewState } from './viewState';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

// Provided by the webview host; it may be called only once per page, hence a single HostClient.
declare function acquireVsCodeApi(): VsCodeApi;

export type HostMessageListener = (message: HostToWebview) => void;

export class HostClient {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly listeners = new Set<HostMessageListener>();
  private readySent = false;
  private state: ViewState;

  constructor() {
    this.state = parseViewState(this.api.getState());
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Anything else arriving on window (extensions of the page, stray frames) is ignored.
      if (!isHostToWebview(event.data)) return;
      for (const listener of this.listeners) listener(event.data);
    });
  }

  onMessage(listener: HostMessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  /** Tells the host it may send `init`. Call after every view has subscribed; later calls do nothing. */
  announceReady(): void {
    if (this.readySent) return;
    this.readySent = true;
    this.send({ type: 'ready' });
  }

  get viewState(): ViewState {
    return this.state;
  }

  updateViewState(patch: Partial<Omit<ViewState, 'version'>>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }
}
