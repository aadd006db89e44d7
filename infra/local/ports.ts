import { createServer } from 'node:net';

/** Asks the OS for a free TCP port on loopback (used by tests and by `npm start` for inner engines). */
export async function findFreePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the OS assigned'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with PortInUseError when something already listens on the port. */
export async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(port, variable));
      else reject(error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

export class PortInUseError extends Error {
  readonly port: number;
  readonly variable: string;
  constructor(port: number, variable: string) {
    super(
      `Port ${port} is already in use (is another "npm start" running?). ` +
        `Stop that process or choose another port with the ${variable} variable, e.g. ${variable}=${port + 1} npm start.`,
    );
    this.name = 'PortInUseError';
    this.port = port;
    this.variable = variable;
  }
}
