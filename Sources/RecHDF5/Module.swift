// RecHDF5 module: see Package.swift for its role.
