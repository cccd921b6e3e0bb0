export {
	createFileStore,
	detectContentType,
	downloadHeaders,
	cleanFileName,
	MAX_FILE_BYTES,
	allowedContentTypes,
	type AllowedContentType,
	type FileStore,
	type FileRow,
	type StoreFileInput
} from './files.service';
export { files } from './files.tables';
