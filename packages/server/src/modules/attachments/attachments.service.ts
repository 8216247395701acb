import { createHash } from 'node:crypto';
import { AppError, type Attachment } from '@qunce/core';
import type { Db } from '../../db/client.ts';
import type { AttachmentRow } from '../../db/schema/index.ts';
import { type AuditEntry, appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { contentTypes, detectKind } from './attachments.file-type.ts';
import { findAttachment, findAttachmentContent, insertAttachment } from './attachments.repository.ts';

export type Actor = Pick<AuditEntry, 'actorId' | 'actorName' | 'ip'> & { at: Date };

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    kind: row.kind,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    ownerId: row.ownerId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Who may read an attachment: its owner and the province administrator. Later features widen this. */
export function canReadAttachment(user: SessionUser, row: AttachmentRow): boolean {
  return row.ownerId === user.id || user.roles.includes('province_admin');
}

/** Checks the type by content, records the SHA-256, stores file and audit entry in one transaction. */
export async function createAttachment(
  db: Db,
  input: { filename: string; content: Buffer; ownerId: string },
  actor: Actor,
): Promise<Attachment> {
  const kind = detectKind(input.filename, input.content);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  return db.transaction(async (tx) => {
    const row = await insertAttachment(
      tx,
      {
        filename: input.filename,
        kind,
        contentType: contentTypes[kind],
        size: input.content.length,
        sha256,
        ownerId: input.ownerId,
        createdAt: actor.at,
      },
      input.content,
    );
    const attachment = toAttachment(row);
    await appendAudit(tx, {
      ...actor,
      action: 'attachment.uploaded',
      entityType: 'attachment',
      entityId: row.id,
      after: attachment,
    });
    return attachment;
  });
}

export async function getReadableAttachment(db: Db, user: SessionUser, id: string): Promise<AttachmentRow> {
  const row = await findAttachment(db, id);
  if (!row || !canReadAttachment(user, row))
    throw new AppError('not_found', `附件不存在 / attachment not found: ${id}`);
  return row;
}

/** The file for a download; the download is audited before a byte leaves. */
export async function downloadAttachment(
  db: Db,
  user: SessionUser,
  id: string,
  actor: Actor,
): Promise<{ attachment: AttachmentRow; content: Buffer }> {
  const attachment = await getReadableAttachment(db, user, id);
  const content = await findAttachmentContent(db, id);
  if (!content) throw new AppError('not_found', `附件内容缺失 / attachment content missing: ${id}`);
  await appendAudit(db, {
    ...actor,
    action: 'attachment.downloaded',
    entityType: 'attachment',
    entityId: id,
    after: { filename: attachment.filename, size: attachment.size, sha256: attachment.sha256 },
  });
  return { attachment, content };
}
