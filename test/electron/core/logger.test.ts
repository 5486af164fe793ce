import { describe, expect, it } from 'vitest';
import { Logger, Redactor } from '../../../electron/core/logger.ts';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const logger = new Logger({
    name: 'console',
    level,
    sink: (line) => lines.push(line),
    redactor: new Redactor('/home/avery'),
  });
  return { logger, lines };
}

describe('Logger', () => {
  it('writes ISO time, level and the child name', () => {
    const { logger, lines } = capture();
    logger.child('poller').info('tick', { cases: 3 });
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO \[console:poller\] tick \{"cases":3\}$/,
    );
  });

  it('drops records below its level', () => {
    const { logger, lines } = capture('info');
    logger.debug('noise');
    logger.warn('kept');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('kept');
  });

  it('redacts registered secrets in messages and fields', () => {
    const { logger, lines } = capture();
    logger.redactor.addSecret('sim_live_abcdef123456');
    logger.error('key sim_live_abcdef123456 failed', {
      header: 'sim_live_abcdef123456',
    });
    expect(lines[0]).not.toContain('sim_live_abcdef123456');
    expect(lines[0]).toContain('[redacted]');
  });

  it('redacts x-api-key values it was never told about', () => {
    const { logger, lines } = capture();
    logger.info('headers', { 'x-api-key': 'unregistered-key-value' });
    logger.info('sent x-api-key: another-key-value');
    expect(lines.join('\n')).not.toMatch(/unregistered|another-key/);
  });

  it('replaces the home path and e-mail addresses', () => {
    const { logger, lines } = capture();
    logger.info('saved /home/avery/Downloads/w9.pdf for ap@northstar.example');
    expect(lines[0]).toContain('~/Downloads/w9.pdf');
    expect(lines[0]).toContain('[address]');
    expect(lines[0]).not.toContain('northstar');
  });

  it('shows an Error field by name and message only', () => {
    const { logger, lines } = capture();
    logger.warn('failed', { error: new TypeError('boom') });
    expect(lines[0]).toContain(
      '{"error":{"name":"TypeError","message":"boom"}}',
    );
  });
});
