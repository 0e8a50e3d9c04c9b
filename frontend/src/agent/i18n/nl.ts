// De Nederlandse catalogus: dezelfde sleutels als en.ts.
import type { Catalogue } from "./en";

export const nl: Catalogue = {
  common: {
    appName: "Helpdesk",
    save: "Opslaan",
    cancel: "Annuleren",
    close: "Sluiten",
    delete: "Verwijderen",
    edit: "Bewerken",
    create: "Aanmaken",
    loading: "Laden…",
    error: "Er ging iets mis: {detail}",
    retry: "Opnieuw proberen",
    none: "Geen",
    search: "Zoeken",
    language: "Taal",
  },

  auth: {
    title: "Inloggen bij Helpdesk",
    email: "E-mail",
    password: "Wachtwoord",
    submit: "Inloggen",
    wrong: "Verkeerd e-mailadres of wachtwoord.",
    tooMany: "Te veel pogingen. Probeer het over een paar minuten opnieuw.",
    logout: "Uitloggen",
  },

  nav: {
    main: "Hoofdmenu",
    inbox: "Inbox",
    teamChat: "Teamchat",
    admin: "Beheer",
    me: "Mijn instellingen",
    notifications: "Meldingen",
  },

  inbox: {
    title: "Gesprekken",
  },

  chat: {
    title: "Teamchat",
  },

  me: {
    title: "Mijn instellingen",
  },

  admin: {
    title: "Beheer",
  },
};
