import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import { type AttachmentRow, attachmentContents, attachments } from '../../db/schema/index.ts';

export async function insertAttachment(
  db: DbOrTx,
  values: Omit<AttachmentRow, 'id'>,
  content: Buffer,
): Promise<AttachmentRow> {
  const row = await insertOne(db, attachments, values);
  await db.insert(attachmentContents).values({ attachmentId: row.id, content });
  return row;
}

export async function findAttachment(db: DbOrTx, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row;
}

export async function findAttachmentContent(db: DbOrTx, id: string): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ content: attachmentContents.content })
    .from(attachmentContents)
    .where(eq(attachmentContents.attachmentId, id));
  return row?.content;
}
