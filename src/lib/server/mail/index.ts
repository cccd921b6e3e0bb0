export { createMailer, retryDelayMs, type Mailer, type OutgoingMail } from './mail.service';
