import { describe, it, expect } from 'vitest';
import { scanText } from './precheck';

/** A file that arrives in `chunks`, calling `onPull` before each one is handed out. */
function chunked(chunks: string[], onPull: (index: number) => void): Blob {
  const bytes = chunks.map((c) => new TextEncoder().encode(c));
  let i = 0;
  return {
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          onPull(i);
          if (i < bytes.length) controller.enqueue(bytes[i++]!);
          else controller.close();
        },
      }),
  } as unknown as Blob;
}

describe('scanText', () => {
  it('counts lines and line ends across chunks', async () => {
    const scan = await scanText(chunked(['a,b\n1,', '2\r\n3,4\n'], () => undefined));
    expect(scan).toMatchObject({ lf: 2, crlf: 1, cr: 0 });
  });

  it('stops between chunks once the run is cancelled, without reading the rest', async () => {
    const controller = new AbortController();
    const pulled: number[] = [];
    const file = chunked(['a,b\n', '1,2\n', '3,4\n', '5,6\n'], (i) => {
      pulled.push(i);
      if (i === 1) controller.abort();
    });
    await expect(scanText(file, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Math.max(...pulled)).toBeLessThan(3);
  });
});
