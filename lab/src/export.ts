// Save the run as `gradscope train --json` JSON or the model as safetensors: a Blob and a download link.

export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type ExportKind = 'json' | 'safetensors';

export function saveExport(kind: ExportKind, json: string, safetensors: ArrayBuffer, stem: string): void {
  if (kind === 'json') download(`${stem}.json`, json, 'application/json');
  else download(`${stem}.safetensors`, safetensors, 'application/octet-stream');
}
