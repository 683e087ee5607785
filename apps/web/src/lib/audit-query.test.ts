import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, auditParams } from './audit-query.ts';

describe('auditParams', () => {
  it('makes the last day inclusive and defaults the page', () => {
    expect(auditParams({ user: 'a@b.c', action: 'export', from: '2026-11-01', to: '2026-11-30' })).toEqual({
      user: 'a@b.c',
      action: 'export',
      from: '2026-11-01',
      to: '2026-12-01',
      page: 1,
      pageSize: AUDIT_PAGE_SIZE,
    });
  });
  it('leaves out what is not set', () => {
    expect(auditParams({ user: '', page: 3 })).toEqual({
      user: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
      page: 3,
      pageSize: AUDIT_PAGE_SIZE,
    });
  });
});
