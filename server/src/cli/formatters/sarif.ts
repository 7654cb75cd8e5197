// SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, the SARIF viewer). One run; every rule of
// the registry described with its doc link; locations relative to the working folder under
// %SRCROOT% so uploaded results map onto the repository. Notes about files (syntax errors, files
// not analyzed) and the analyzer's internal errors are tool notifications, not results: they are
// not problems in the user's code that a rule found.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fix, Severity } from '../../analysis';
import { docUrl } from '../../rules/rule';
import { LineMap, reportMessages, type FormatContext, type LintedFile } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/nanscope/nanscope';
const SRCROOT = '%SRCROOT%';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: ArtifactLocation; region: Region };
  message?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: (SarifLocation & { id: number })[];
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: ArtifactLocation; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[];
  }[];
}

export interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations?: SarifLocation[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          helpUri: string;
          help: { text: string; markdown: string };
          defaultConfiguration: { level: 'error' | 'warning' | 'note' };
        }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
  }[];
}

export function formatSarif(files: readonly LintedFile[], context: FormatContext): string {
  return `${JSON.stringify(toSarif(files, context), null, 2)}\n`;
}

export function toSarif(files: readonly LintedFile[], context: FormatContext): SarifLog {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.meta.id, index]));
  const results: SarifResult[] = [];
  const notifications: SarifNotification[] = [];
  let successful = true;

  for (const file of files) {
    const artifact = artifactLocation(file.filePath, context.cwd);
    const lines = new LineMap(file.source);
    const regionOf = (start: number, end: number): Region => {
      const a = lines.position(start);
      const b = lines.position(end);
      return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
    };
    for (const m of reportMessages(file)) {
      const region = { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn };
      const location: SarifLocation = { physicalLocation: { artifactLocation: artifact, region } };
      const finding = m.finding;
      const index = finding ? ruleIndex.get(finding.ruleId) : undefined;
      if (!finding || index === undefined) {
        // A file note, or a finding of a rule the registry does not list (which SARIF cannot index).
        notifications.push({ level: level(m.severity), message: { text: finding ? `${finding.ruleId}: ${m.message}` : m.message }, locations: [location] });
        continue;
      }
      const result: SarifResult = { ruleId: finding.ruleId, ruleIndex: index, level: level(finding.severity), message: { text: finding.message }, locations: [location] };
      if (finding.related.length) {
        result.relatedLocations = finding.related.map((r, id) => ({
          id,
          message: { text: r.message },
          // Evidence in another module (cross-file analysis) carries that file and its own range.
          physicalLocation: r.span.file
            ? {
                artifactLocation: artifactLocation(r.span.file, context.cwd),
                region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.character + 1 },
              }
            : { artifactLocation: artifact, region: regionOf(r.span.start, r.span.end) },
        }));
      }
      if (finding.fixes.length) {
        result.fixes = finding.fixes.map((fix: Fix) => ({
          description: { text: fix.safety === 'unsafe' ? `${fix.title} (unsafe: changes training behaviour)` : fix.title },
          artifactChanges: [
            {
              artifactLocation: artifact,
              replacements: fix.edits.map((e) => ({ deletedRegion: regionOf(e.span.start, e.span.end), insertedContent: { text: e.newText } })),
            },
          ],
        }));
      }
      results.push(result);
    }
    for (const internal of file.result.internalErrors) {
      successful = false;
      notifications.push({
        level: 'error',
        message: { text: `internal error in ${internal.where}: ${internal.message.split('\n')[0] ?? ''}` },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } } }],
      });
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nanscope',
            version: context.version,
            informationUri: INFORMATION_URI,
            rules: context.rules.map((rule) => {
              const docs = rule.meta.docs;
              const url = docUrl(rule.meta.id);
              return {
                id: rule.meta.id,
                name: pascalCase(rule.meta.id),
                shortDescription: { text: docs.summary },
                fullDescription: { text: docs.whatItDoes || docs.summary },
                helpUri: url,
                help: {
                  text: `${docs.whatItDoes}\n\n${docs.whyIsThisBad}\n\n${url}`.trim(),
                  markdown: `${docs.whatItDoes}\n\n${docs.whyIsThisBad}\n\n[Documentation](${url})`.trim(),
                },
                // Severity is computed per finding from the analysis' confidence; warning is the
                // level most findings carry.
                defaultConfiguration: { level: 'warning' as const },
              };
            }),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith(path.sep) ? context.cwd : context.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: successful, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

/** Relative to the working folder under %SRCROOT% when inside it; an absolute file URI otherwise. */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** SARIF's `name` is an identifier-like name: raw-log → RawLog. */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}
