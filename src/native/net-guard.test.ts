import { afterEach, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { installNetGuard, NetworkBlockedError, type NetGuard } from './net-guard';

let guard: NetGuard | undefined;
afterEach(() => {
  guard?.uninstall();
  guard = undefined;
});

describe('the native runner network guard', () => {
  it('refuses and records every way this process could open a connection or ask DNS', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as net.AddressInfo).port;
    guard = installNetGuard();
    expect(() => net.connect(port, '127.0.0.1')).toThrow(NetworkBlockedError);
    expect(() => net.createConnection({ host: '127.0.0.1', port })).toThrow(/net.createConnection to 127.0.0.1:\d+/);
    // A socket made before the guard asked nothing of it: it is refused at connect all the same.
    expect(() => new net.Socket().connect(port, '127.0.0.1')).toThrow(/net.Socket.connect/);
    expect(() => tls.connect(443, 'example.org')).toThrow(/tls.connect to example.org:443/);
    expect(() => http.get('http://example.org/')).toThrow(/http.get to http:\/\/example.org\//);
    expect(() => https.request({ hostname: 'example.org', port: 443 })).toThrow(/https.request/);
    expect(() => dns.lookup('example.org', () => undefined)).toThrow(/dns.lookup to example.org/);
    await expect(dns.promises.resolve4('example.org')).rejects.toThrow(NetworkBlockedError);
    await expect(fetch('https://example.org/x')).rejects.toThrow(/fetch to https:\/\/example.org\/x/);
    const udp = dgram.createSocket('udp4');
    expect(() => udp.send('x', 53, '8.8.8.8')).toThrow(/dgram.send to 8.8.8.8:53/);
    udp.close();
    expect(guard.attempts.map((a) => a.api)).toEqual([
      'net.connect',
      'net.createConnection',
      'net.Socket.connect',
      'tls.connect',
      'http.get',
      'https.request',
      'dns.lookup',
      'dns.promises.resolve4',
      'fetch',
      'dgram.send',
    ]);
    expect(guard.describe()).toMatch(/guard on.*\(10 attempts\)/);
    guard.uninstall();
    guard = undefined;
    server.close();
  });

  it('puts everything back when taken down, and records nothing when nothing tried', async () => {
    const before = { connect: net.connect, lookup: dns.lookup, fetch: globalThis.fetch };
    guard = installNetGuard();
    expect(net.connect).not.toBe(before.connect);
    expect(guard.attempts).toEqual([]);
    expect(guard.describe()).toMatch(/\(0 attempts\)/);
    expect(() => installNetGuard()).toThrow(/already installed/);
    guard.uninstall();
    guard = undefined;
    expect([net.connect, dns.lookup, globalThis.fetch]).toEqual([before.connect, before.lookup, before.fetch]);
    // And a connection works again.
    const server = net.createServer((s) => s.end('hi'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as net.AddressInfo).port;
    const text = await new Promise<string>((done, fail) => {
      let got = '';
      net
        .connect(port, '127.0.0.1')
        .on('data', (d) => (got += String(d)))
        .on('end', () => done(got))
        .on('error', fail);
    });
    expect(text).toBe('hi');
    server.close();
  });
});
