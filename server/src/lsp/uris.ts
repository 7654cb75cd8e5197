// Document identity. Clients spell file URIs differently (VS Code escapes `@` and `:`, Neovim does
// not), so the server keys its state by a canonical spelling and keeps the client's spelling for
// what it sends back.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SUPPORTED_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

export const SUPPORTED_LANGUAGES: readonly string[] = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

const EXTENSION_FOR_LANGUAGE: Record<string, string> = {
  javascript: '.js',
  typescript: '.ts',
  javascriptreact: '.jsx',
  typescriptreact: '.tsx',
};

export function isSupportedPath(filePath: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(path.extname(filePath).toLowerCase());
}

/** The file path of a `file:` URI, or undefined for other schemes (untitled, git, ...). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function uriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

export function canonicalUri(uri: string): string {
  const filePath = filePathOf(uri);
  return filePath === undefined ? uri : uriOf(filePath);
}

/**
 * The file name the analyzer parses under: the path for files on disk; for unsaved buffers a
 * made-up name whose extension matches the buffer's language, so TypeScript syntax parses.
 */
export function fileNameFor(uri: string, languageId?: string): string {
  const filePath = filePathOf(uri);
  if (filePath !== undefined) {
    if (isSupportedPath(filePath) || languageId === undefined) return filePath;
    return filePath + (EXTENSION_FOR_LANGUAGE[languageId] ?? '.js');
  }
  const name = uri.replace(/^[a-z-]+:/i, '').replace(/[^\w.-]+/g, '_') || 'untitled';
  return isSupportedPath(name) ? name : name + (EXTENSION_FOR_LANGUAGE[languageId ?? ''] ?? '.js');
}

/** Whether the server analyzes this document at all. */
export function isSupportedDocument(uri: string, languageId?: string): boolean {
  if (languageId !== undefined && SUPPORTED_LANGUAGES.includes(languageId)) return true;
  const filePath = filePathOf(uri) ?? uri;
  return isSupportedPath(filePath);
}
