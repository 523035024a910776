import { PageHeader } from '../../ui/PageHeader';

export default function PresencePage() {
  return <PageHeader title="Presence" />;
}
