import { z } from 'zod';

/** Uploaded files (docs/adr/0004-attachments-in-the-database.md). */
export const attachmentKinds = ['pdf', 'xlsx', 'docx', 'png', 'jpeg', 'csv', 'txt'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

export const attachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  kind: z.enum(attachmentKinds),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Hex SHA-256 of the content. */
  sha256: z.string(),
  ownerId: z.string().nullable(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;
