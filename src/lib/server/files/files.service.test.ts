import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import type { Database } from '../db/client';
import { files } from './files.tables';
import { createFileStore, detectContentType, downloadHeaders, type FileStore } from './files.service';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('content type detection', () => {
	it('recognises PDF, images and office zip containers by their bytes', () => {
		expect(detectContentType(pdf, 'anything.bin')).toBe('application/pdf');
		expect(detectContentType(png, 'x.png')).toBe('image/png');
		expect(detectContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a.jpg')).toBe('image/jpeg');
		expect(detectContentType(Buffer.from('GIF89a....'), 'a.gif')).toBe('image/gif');
		expect(detectContentType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'a.webp')).toBe('image/webp');
		const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml')]);
		expect(detectContentType(docx, 'Umowa.DOCX')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(detectContentType(docx, 'archive.zip')).toBeNull();
		expect(detectContentType(docx, 'sheet.xlsx')).toBeNull();
		expect(detectContentType(Buffer.from('Zażółć gęślą jaźń\n'), 'notatka.txt')).toBe('text/plain; charset=utf-8');
	});

	it('refuses HTML renamed .pdf or .txt, SVG, executables and unknown bytes', () => {
		expect(detectContentType(Buffer.from('<!doctype html><script>alert(1)</script>'), 'material.pdf')).toBeNull();
		expect(detectContentType(Buffer.from('  <html><body>x</body></html>'), 'notes.txt')).toBeNull();
		expect(detectContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg')).toBeNull();
		expect(detectContentType(Buffer.from('MZ\x90\x00'), 'setup.exe')).toBeNull();
		expect(detectContentType(Buffer.from('plain words'), 'noextension')).toBeNull();
		expect(detectContentType(Buffer.from([0x00, 0x01, 0x02]), 'binary.txt')).toBeNull();
	});

	it('serves PDFs and images inline and everything else as an attachment, never as HTML, with an RFC 5987 name', () => {
		const pdfHeaders = downloadHeaders({ contentType: 'application/pdf', originalName: 'Ochrona „danych”.pdf', size: 10 });
		expect(pdfHeaders['content-type']).toBe('application/pdf');
		expect(pdfHeaders['x-content-type-options']).toBe('nosniff');
		expect(pdfHeaders['content-disposition']).toBe(
			`inline; filename="Ochrona _danych_.pdf"; filename*=UTF-8''Ochrona%20%E2%80%9Edanych%E2%80%9D.pdf`
		);
		const text = downloadHeaders({ contentType: 'text/plain; charset=utf-8', originalName: 'a.txt', size: 1 });
		expect(text['content-disposition']).toMatch(/^attachment;/);
		expect(text['content-security-policy']).toMatch(/^sandbox/);
	});
});

describe.each(testDrivers())('file storage on %s', (driver) => {
	let database: Database;
	let store: FileStore;
	let dataDir: string;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-test-'));
		store = createFileStore({ db: database.db, dataDir, maxBytes: 1024 });
	});
	afterAll(async () => {
		await database?.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('stores verified bytes under a random key and reads them back', async () => {
		const row = await store.storeFile({ bytes: pdf, originalName: '../../etc/Materiał.pdf', uploadedBy: null });
		expect(row).toMatchObject({ contentType: 'application/pdf', originalName: 'Materiał.pdf', size: pdf.length });
		expect(row.storageKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
		const { stream } = await store.readFile(row.id);
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		expect(Buffer.concat(chunks).equals(pdf)).toBe(true);
	});

	it('refuses a file over the size limit, an empty file and HTML renamed .pdf, storing nothing', async () => {
		const before = await database.db.select().from(files);
		const onDisk = fs.readdirSync(path.join(dataDir, 'files')).length;
		await expect(store.storeFile({ bytes: Buffer.concat([pdf, Buffer.alloc(2000)]), originalName: 'big.pdf', uploadedBy: null })).rejects.toMatchObject({
			code: 'files.too_large',
			status: 413
		});
		await expect(store.storeFile({ bytes: Buffer.alloc(0), originalName: 'e.pdf', uploadedBy: null })).rejects.toMatchObject({ code: 'files.empty' });
		await expect(store.storeFile({ bytes: Buffer.from('<html><script>alert(1)</script>'), originalName: 'evil.pdf', uploadedBy: null })).rejects.toMatchObject({
			code: 'files.type_not_allowed',
			status: 415
		});
		expect(await database.db.select().from(files)).toHaveLength(before.length);
		expect(fs.readdirSync(path.join(dataDir, 'files'))).toHaveLength(onDisk);
	});

	it('answers files.not_found for an unknown id', async () => {
		await expect(store.readFile('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'files.not_found', status: 404 });
	});
});
