/**
 * The S3 driver (@aws-sdk/client-s3): MinIO in docker mode, any S3-compatible service in
 * production. Path-style addressing by default, as MinIO and s3rver expect. The bucket is
 * created on open when missing, so a fresh MinIO works without an init step.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { StackError } from '../lib/errors.js';
import { assertValidKey, assertValidPrefix, type ObjectStore } from './types.js';

export interface S3StoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.name === 'NoSuchBucket' || e?.$metadata?.httpStatusCode === 404;
}

export async function createS3Store(options: S3StoreOptions): Promise<ObjectStore> {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  });
  const Bucket = options.bucket;
  try {
    await client.send(new HeadBucketCommand({ Bucket })).catch(async (error: unknown) => {
      if (!isNotFound(error)) throw error;
      await client.send(new CreateBucketCommand({ Bucket }));
    });
  } catch (error) {
    client.destroy();
    throw new StackError('STORAGE_UNREACHABLE', `Cannot open S3 bucket "${Bucket}" at ${options.endpoint ?? 'AWS'}: ${(error as Error).message}`, {
      hint: 'Check S3_ENDPOINT, S3_BUCKET and the S3 credentials, or set STORAGE_DRIVER=fs to keep files on disk.',
      cause: error,
    });
  }

  return {
    kind: 's3',
    location: `s3://${Bucket}`,
    async put(key, body, { contentType }) {
      assertValidKey(key);
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.byteLength }));
      return { key, size: body.byteLength, contentType };
    },
    async get(key) {
      assertValidKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        const body = await res.Body!.transformToByteArray();
        return { key, size: body.byteLength, contentType: res.ContentType ?? 'application/octet-stream', body };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async head(key) {
      assertValidKey(key);
      try {
        const res = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { key, size: Number(res.ContentLength ?? 0), contentType: res.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async list(prefix) {
      assertValidPrefix(prefix);
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix || undefined, ContinuationToken: token }));
        for (const item of res.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(2_000) });
    },
    async close() {
      client.destroy();
    },
  };
}
