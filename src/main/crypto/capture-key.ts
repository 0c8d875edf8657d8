/** A private key offered to open encrypted captures, named by its fingerprint (never logged). */
export interface CaptureKey {
  fingerprint: string;
  privateKey: Uint8Array;
}
