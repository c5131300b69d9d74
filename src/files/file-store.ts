// The file store's port: the bytes of files uploaded for sending and of files received, kept in the
// database (so every node of a cluster serves them) for the retention, and found by an unguessable token.

export interface StoredFile {
  /** 32 random bytes, base64url: the only key to the file (its URL needs no instance token). */
  token: string;
  idInstance: number;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  createdAt: number;
}

export interface FileStore {
  put(file: StoredFile): Promise<void>;
  get(token: string): Promise<StoredFile | undefined>;
  /** Deletes files kept since before the cutoff; answers how many. */
  dropFilesBefore(cutoff: number): Promise<number>;
}
